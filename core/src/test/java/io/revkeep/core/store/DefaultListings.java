package io.revkeep.core.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A store answering {@code contents} and {@code contentsAt} with {@link FolderContents}'s
 * defaults (which read the whole subtree and the event log) and every other call with the
 * store itself: the reference a store's own folder sums are checked against (ReferenceListing,
 * CouchbaseFolderSumsIT) and timed beside (the bench's listing rows).
 */
public final class DefaultListings {
  private DefaultListings() {}

  public static Store of(Store store) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getDeclaringClass() == FolderContents.class && method.isDefault()) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      try {
        return method.invoke(store, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(),
        new Class<?>[] {Store.class}, handler);
  }
}
