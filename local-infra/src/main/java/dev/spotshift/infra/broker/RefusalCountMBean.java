package dev.spotshift.infra.broker;

/** One principal's refusals of one operation on one resource, as the broker's JMX shows them. */
public interface RefusalCountMBean {

    String getPrincipal();

    String getOperation();

    String getResource();

    long getCount();
}
