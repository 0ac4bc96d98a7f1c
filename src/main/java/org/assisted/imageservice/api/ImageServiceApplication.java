package org.assisted.imageservice.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.assisted.imageservice.assisted.AssistedServiceClient;
import org.assisted.imageservice.store.ImageStore;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** The Jersey application: every resource, mapper and interceptor, registered as instances. */
public final class ImageServiceApplication extends ResourceConfig {

    /**
     * @param store           the image store
     * @param assistedService the assisted-service client
     * @param registry        the application's meter registry
     */
    public ImageServiceApplication(ImageStore store, AssistedServiceClient assistedService,
                                   PrometheusMeterRegistry registry) {
        ImageLookup images = new ImageLookup(store);
        IsoDownloads isoDownloads = new IsoDownloads(images, assistedService);
        register(new IsoResource(isoDownloads));
        register(new ShortUrlResource(isoDownloads));
        register(new HealthResource(store));
        register(new LiveResource());
        register(new MetricsResource(registry));

        register(new TextErrorExceptionMapper());
        register(new UnknownImageExceptionMapper());
        register(new NotReadyExceptionMapper());
        register(new UpstreamExceptionMapper());
        register(new EmbedAreaTooSmallExceptionMapper());
        register(new KargsNotSupportedExceptionMapper());
        register(new WebApplicationExceptionMapper(images));
        register(new LoggingExceptionMapper());
        register(new ClientAbortInterceptor(registry));
        register(new ObjectMapperResolver());
        register(JacksonFeature.class);

        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        // Content-Length is set by the resources; never buffer a download to compute it.
        property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, 0);
    }
}
