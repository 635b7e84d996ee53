package dev.spotshift.cloud.aws;

import static org.awaitility.Awaitility.await;

import dev.spotshift.cloud.testing.Ports;
import java.net.URI;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.extension.ExtensionContext;

/** s3proxy in-process with an in-memory store; it checks SigV4 signatures against the test credentials. */
final class S3Emulators implements ExtensionContext.Store.CloseableResource {

    private final S3Proxy proxy;

    private S3Emulators(S3Proxy proxy) {
        this.proxy = proxy;
    }

    static S3Emulators s3proxy(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(S3Emulators.class, k -> start(), S3Emulators.class);
    }

    private static S3Emulators start() {
        S3Proxy proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + Ports.free()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, Emulated.ACCESS_KEY, Emulated.SECRET_KEY)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start", e);
        }
        await("s3proxy started").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> "STARTED".equals(proxy.getState()));
        return new S3Emulators(proxy);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
