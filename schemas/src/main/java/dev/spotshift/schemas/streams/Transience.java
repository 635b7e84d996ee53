package dev.spotshift.schemas.streams;

import io.apicurio.registry.rest.client.exception.RestClientException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * Whether a failure to read or write a record may pass by itself (the registry or the broker was unreachable, busy
 * or slow) or says the bytes can never be read. A transient failure must fail the stream thread, so the record is
 * read again after the thread is replaced; only a permanent one may become a dead letter with its offset committed.
 */
public final class Transience {

    private Transience() {}

    public static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Network failures only: an IOException such as EOFException also comes from decoding truncated bytes.
            if (t instanceof SocketException || t instanceof SocketTimeoutException || t instanceof UnknownHostException
                    || t instanceof HttpTimeoutException || t instanceof RetriableException || t instanceof InterruptedException) {
                return true;
            }
            if (t instanceof RestClientException r && transientAnswer(r)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Not the record's fault: the registry or the broker ({@link #isTransient}) or Kafka Streams itself. It must fail
     * the stream thread (replaced, the record read again), never become a dead letter or quarantine a plan.
     */
    public static boolean failsTheStream(RuntimeException error) {
        return isTransient(error) || error instanceof StreamsException;
    }

    /**
     * The Apicurio client turns a connection failure into a RestClientException with no HTTP status and the
     * IOException's name (its cause is dropped); 5xx, 408 and 429 are the registry's own "try again".
     */
    private static boolean transientAnswer(RestClientException r) {
        Integer status = r.getError() == null ? null : r.getError().getErrorCode();
        return status == null || status == 0 || status >= 500 || status == 408 || status == 429;
    }
}
