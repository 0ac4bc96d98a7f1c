package org.assisted.imageservice.api;

import java.util.ArrayList;
import java.util.List;

import org.glassfish.jersey.inject.hk2.AbstractBinder;

/**
 * Makes this deployment's service objects injectable into the constructors of the resource classes,
 * which Jersey then creates itself. Registering resources as instances instead makes Jersey log a
 * provider warning per resource at every deployment (eclipse-ee4j/jersey#3700).
 */
final class ServiceBinder extends AbstractBinder {

    private final List<Runnable> bindings = new ArrayList<>();

    /** Binds {@code service} as the one instance injected wherever {@code type} is asked for. */
    <T> ServiceBinder with(Class<T> type, T service) {
        bindings.add(() -> bind(service).to(type));
        return this;
    }

    @Override
    protected void configure() {
        bindings.forEach(Runnable::run);
    }
}
