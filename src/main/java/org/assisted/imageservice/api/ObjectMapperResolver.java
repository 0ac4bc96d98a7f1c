package org.assisted.imageservice.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import jakarta.ws.rs.ext.ContextResolver;

/**
 * The mapper behind Jersey's JSON entities. Its buffers are pooled per mapper instead of in Jackson's default
 * ThreadLocal pool, which would leave buffers of this web application's classes in Tomcat's request threads and
 * keep the class loader alive after an undeploy or reload.
 */
final class ObjectMapperResolver implements ContextResolver<ObjectMapper> {

    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build()).build();

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }
}
