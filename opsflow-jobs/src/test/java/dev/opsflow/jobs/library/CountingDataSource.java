package dev.opsflow.jobs.library;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A data source that counts its getConnection calls (one per transaction attempt or one-statement query
 * of the code under test) and records the SQL of every statement prepared on its connections.
 *
 * @param ds          the counting data source to hand to the code under test
 * @param connections how many connections it has handed out
 * @param prepared    the SQL text of each {@code prepareStatement}, in order
 */
public record CountingDataSource(DataSource ds, AtomicInteger connections, List<String> prepared) {
    public static CountingDataSource over(DataSource target) {
        var connections = new AtomicInteger();
        var prepared = new CopyOnWriteArrayList<String>();
        var proxy = proxy(DataSource.class, target, (method, args, result) -> {
            if (!method.getName().equals("getConnection")) return result;
            connections.incrementAndGet();
            return proxy(Connection.class, (Connection) result, (m, a, r) -> {
                if (m.getName().equals("prepareStatement")) prepared.add((String) a[0]);
                return r;
            });
        });
        return new CountingDataSource(proxy, connections, prepared);
    }

    /** @return connections handed out so far */
    public int count() {
        return connections.get();
    }

    /** @return how many prepared statements contained {@code sqlPart} */
    public long preparedContaining(String sqlPart) {
        return prepared.stream().filter(sql -> sql.contains(sqlPart)).count();
    }

    private interface After {
        Object apply(Method method, Object[] args, Object result);
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler handler = (p, method, args) -> {
            try {
                return after.apply(method, args, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
