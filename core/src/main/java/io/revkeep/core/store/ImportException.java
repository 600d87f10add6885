package io.revkeep.core.store;

/**
 * A {@link HistoryImport} refused a version (or a whole batch): it does not follow what the store
 * holds — a seq out of order, a version number that is not the file's next one, a rename whose
 * source is missing, a store that is not empty. The store is unchanged. The message is one line
 * that names the version and what is wrong, fit to show an operator.
 *
 * <p>Not a {@link StoreException}: the store answered; the versions given are wrong.
 */
public class ImportException extends RuntimeException {
  public ImportException(String message) {
    super(message);
  }
}
