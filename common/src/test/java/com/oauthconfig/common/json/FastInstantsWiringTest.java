package com.oauthconfig.common.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The services' ObjectMapper (REST answers, events, audit) writes instants with the fast writer, as ISO-8601 text. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "common_outbox"))
class FastInstantsWiringTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void theApplicationsMapperUsesIt() throws Exception {
        assertInstanceOf(FastInstants.Serializer.class, mapper.getSerializerProviderInstance().findValueSerializer(Instant.class));
        assertEquals("\"2026-11-30T08:00:00Z\"", mapper.writeValueAsString(Instant.parse("2026-11-30T08:00:00Z")));
    }
}
