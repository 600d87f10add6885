package io.revkeep.listener;

import io.revkeep.core.store.Store;
import io.revkeep.core.store.StoreException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A real store behind a switch: while {@link #down} is set every call but describe() and close()
 * fails with a StoreException, as a store that cannot be reached at all (reads included) would.
 */
final class OutageStore {
  volatile boolean down;
  final Store store;

  OutageStore(Store real) {
    this.store = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(),
        new Class<?>[] {Store.class}, (proxy, method, args) -> {
          String name = method.getName();
          if (down && !name.equals("describe") && !name.equals("close")
              && !name.equals("toString")) {
            throw new StoreException(real.describe() + " is unreachable (test outage)");
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
