package org.assisted.imageservice.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Builds every Jackson {@link JsonFactory} and mapper of the application, each with a buffer pool of its own.
 *
 * <p>Why: by default Jackson recycles its parse and write buffers through a pool held in a {@code ThreadLocal} of
 * the calling thread. In Tomcat those are the container's request threads, which outlive the web application, and
 * the pooled buffers' classes come from the application's own copy of Jackson: one JSON call on a request thread
 * would keep the application's class loader reachable after an undeploy or reload
 * (docs/operations.md#5-the-manager-deploy-reload-undeploy; {@code LifecycleIT} checks for it). A pool owned by the
 * factory is collected with it.
 * {@code lifecycle/JdkLeakWorkarounds} handles the JDK's own leaks of the same kind. A factory or mapper built
 * anywhere else would bring the leak back, so this class is the only caller of Jackson's builders.
 */
public final class JsonMappers {

    private JsonMappers() {
    }

    /** A factory builder whose factory pools its buffers itself; callers add their features and build. */
    public static JsonFactoryBuilder factoryBuilder() {
        return new JsonFactoryBuilder().recyclerPool(JsonRecyclerPools.newConcurrentDequePool());
    }

    /** A mapper builder over a factory of {@link #factoryBuilder()} with Jackson's default features. */
    public static JsonMapper.Builder mapperBuilder() {
        return JsonMapper.builder(factoryBuilder().build());
    }
}
