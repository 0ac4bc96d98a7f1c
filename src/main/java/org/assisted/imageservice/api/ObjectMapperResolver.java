package org.assisted.imageservice.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ext.ContextResolver;

import org.assisted.imageservice.json.JsonMappers;

/**
 * The mapper behind Jersey's JSON entities, built by {@link JsonMappers} (which says why Jackson's default mapper
 * must not be used in a web application).
 */
final class ObjectMapperResolver implements ContextResolver<ObjectMapper> {

    private final ObjectMapper mapper = JsonMappers.mapperBuilder().build();

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }
}
