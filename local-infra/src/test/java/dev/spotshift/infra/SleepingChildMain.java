package dev.spotshift.infra;

import java.util.concurrent.CountDownLatch;

/** A child main that does nothing until it is stopped. */
public final class SleepingChildMain {

    static final String UP = "sleeping child up";

    private SleepingChildMain() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println(UP);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
