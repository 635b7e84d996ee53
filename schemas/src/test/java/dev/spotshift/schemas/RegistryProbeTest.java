package dev.spotshift.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegistryProbeTest {

    @Test
    void aRegistryNobodyListensOnIsDownWithTheReason() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        RegistryProbe.Result result = new RegistryProbe("http://127.0.0.1:" + port + "/apis/registry/v2",
                Duration.ofSeconds(2)).probe();

        assertThat(result.up()).isFalse();
        assertThat(result.url()).isEqualTo("http://127.0.0.1:" + port + "/apis/registry/v2/system/info");
        assertThat(result.detail()).contains("ConnectException");
    }

    @Test
    void aBareRegistryAddressIsProbedOnItsV2Api() {
        assertThat(RegistryProbe.apiRoot("http://registry:8080/")).isEqualTo("http://registry:8080/apis/registry/v2");
        assertThat(RegistryProbe.apiRoot("http://registry:8080/apis/registry/v3"))
                .isEqualTo("http://registry:8080/apis/registry/v3");
    }
}
