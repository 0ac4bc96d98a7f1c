package org.assisted.imageservice.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;

import org.assisted.imageservice.api.downloads.ClientAbortInterceptor;
import org.assisted.imageservice.api.downloads.IsoDownloads;
import org.assisted.imageservice.api.downloads.OverlayBodyWriter;
import org.assisted.imageservice.api.downloads.PxeInitrds;
import org.assisted.imageservice.api.errors.ApiExceptionMapper;
import org.assisted.imageservice.api.errors.LoggingExceptionMapper;
import org.assisted.imageservice.api.errors.WebApplicationExceptionMapper;
import org.assisted.imageservice.api.filters.BootArtifactsMethodFilter;
import org.assisted.imageservice.api.filters.ExactRouteFilter;
import org.assisted.imageservice.api.filters.ReusedDownloadFilter;
import org.assisted.imageservice.api.resources.BootArtifactsResource;
import org.assisted.imageservice.api.resources.HealthResource;
import org.assisted.imageservice.api.resources.IsoResource;
import org.assisted.imageservice.api.resources.LiveResource;
import org.assisted.imageservice.api.resources.MetricsResource;
import org.assisted.imageservice.api.resources.PxeInitrdResource;
import org.assisted.imageservice.api.resources.ShortUrlResource;
import org.assisted.imageservice.assisted.AssistedServiceClient;
import org.assisted.imageservice.store.ImageStore;
import org.assisted.imageservice.store.NmstateCache;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The Jersey application: the resources as singleton classes whose constructors receive this deployment's
 * services through {@link ServiceBinder}; mappers, filters and interceptors as instances.
 */
public final class ImageServiceApplication extends ResourceConfig {

    private final ReusedDownloadFilter reusedDownloads;

    /**
     * @param store           the image store
     * @param assistedService the assisted-service client
     * @param registry        the application's meter registry
     * @param nmstate         the cached nmstate archives, for PXE initrds
     * @param reuse           ASSISTED_SERVICE_CACHE_SECONDS: how long what a download made of assisted-service's
     *                        answers is reused
     */
    public ImageServiceApplication(ImageStore store, AssistedServiceClient assistedService,
                                   PrometheusMeterRegistry registry, NmstateCache nmstate, Duration reuse) {
        IsoDownloads isoDownloads = new IsoDownloads(store, assistedService, reuse);
        ClientAbortInterceptor clientAborts = new ClientAbortInterceptor(registry);
        reusedDownloads = new ReusedDownloadFilter(isoDownloads, clientAborts, registry);
        register(new ServiceBinder()
                .with(IsoDownloads.class, isoDownloads)
                .with(PxeInitrds.class, new PxeInitrds(store, assistedService, nmstate, reuse))
                .with(ImageStore.class, store)
                .with(PrometheusMeterRegistry.class, registry));
        register(IsoResource.class);
        register(ShortUrlResource.class);
        register(PxeInitrdResource.class);
        register(BootArtifactsResource.class);
        register(new BootArtifactsMethodFilter());
        register(HealthResource.class);
        register(LiveResource.class);
        register(MetricsResource.class);

        register(new ExactRouteFilter());
        register(new ApiExceptionMapper());
        register(new WebApplicationExceptionMapper(store.readiness()));
        register(new LoggingExceptionMapper());
        register(clientAborts);
        register(new OverlayBodyWriter());
        register(new ObjectMapperResolver());
        register(JacksonFeature.class);

        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        // Content-Length is set by the resources; never buffer a download to compute it.
        property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, 0);
        // Error statuses without an entity keep their empty body (docs/upstream-behaviour.md#error-bodies) instead of
        // Tomcat's HTML page.
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
    }

    /**
     * The servlet filter that answers ISO downloads whose decision this application already keeps, without Jersey;
     * registered by the composition root after the other filters.
     */
    public ReusedDownloadFilter reusedDownloads() {
        return reusedDownloads;
    }
}
