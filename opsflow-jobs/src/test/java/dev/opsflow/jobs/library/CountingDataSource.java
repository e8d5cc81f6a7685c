package dev.opsflow.jobs.library;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A data source that counts its getConnection calls: one per transaction (attempt) or one-statement
 * query of the code under test.
 *
 * @param ds          the counting data source to hand to the code under test
 * @param connections how many connections it has handed out
 */
public record CountingDataSource(DataSource ds, AtomicInteger connections) {
    public static CountingDataSource over(DataSource target) {
        var connections = new AtomicInteger();
        var proxy = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (p, method, args) -> {
                    if (method.getName().equals("getConnection")) connections.incrementAndGet();
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return new CountingDataSource(proxy, connections);
    }

    /** @return connections handed out so far */
    public int count() {
        return connections.get();
    }
}
