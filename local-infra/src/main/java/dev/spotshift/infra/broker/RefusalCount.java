package dev.spotshift.infra.broker;

import java.util.concurrent.atomic.AtomicLong;

/** The counter behind one {@link RefusalCountMBean}. */
public final class RefusalCount implements RefusalCountMBean {

    private final String principal;
    private final String operation;
    private final String resource;
    private final AtomicLong count = new AtomicLong();

    public RefusalCount(String principal, String operation, String resource) {
        this.principal = principal;
        this.operation = operation;
        this.resource = resource;
    }

    /** Counts one more refusal and returns the total. */
    long increment() {
        return count.incrementAndGet();
    }

    @Override
    public String getPrincipal() { return principal; }

    @Override
    public String getOperation() { return operation; }

    @Override
    public String getResource() { return resource; }

    @Override
    public long getCount() { return count.get(); }
}
