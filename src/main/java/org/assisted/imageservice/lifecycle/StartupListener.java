package org.assisted.imageservice.lifecycle;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.assisted.imageservice.api.ImageServiceApplication;
import org.assisted.imageservice.api.filters.ConcurrencyLimitFilter;
import org.assisted.imageservice.api.filters.CorsFilter;
import org.assisted.imageservice.api.filters.LoggedPathFilter;
import org.assisted.imageservice.api.filters.MetricsFilter;
import org.assisted.imageservice.api.filters.PlainHttpFilter;
import org.assisted.imageservice.api.filters.ProbePortFilter;
import org.assisted.imageservice.api.filters.RequestIdFilter;
import org.assisted.imageservice.assisted.AssistedServiceClient;
import org.assisted.imageservice.config.ConfigSources;
import org.assisted.imageservice.config.ServiceConfig;
import org.assisted.imageservice.metrics.AssistedCallMetrics;
import org.assisted.imageservice.metrics.HttpMetrics;
import org.assisted.imageservice.metrics.ImageStoreMetrics;
import org.assisted.imageservice.metrics.RuntimeMetrics;
import org.assisted.imageservice.rootfs.NmstatectlExtractor;
import org.assisted.imageservice.rootfs.erofs.ErofsImage;
import org.assisted.imageservice.rootfs.squashfs.SquashfsImage;
import org.assisted.imageservice.store.ImageCatalog;
import org.assisted.imageservice.store.ImageStore;
import org.assisted.imageservice.store.NmstateCache;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * The composition root: reads the configuration (servlet-context init parameters over the
 * environment), builds the services, registers the filters and Jersey's servlet, and starts the
 * image store in the background, so Tomcat's start-up never waits for a download. A bad
 * configuration fails the deployment with one message.
 */
public final class StartupListener implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(StartupListener.class.getName());
    private static final String ROOT_LOGGER = "org.assisted.imageservice";
    private static final EnumSet<DispatcherType> REQUEST = EnumSet.of(DispatcherType.REQUEST);
    /** Also the dispatch that resumes a request after it waited for a concurrency slot. */
    private static final EnumSet<DispatcherType> REQUEST_AND_ASYNC = EnumSet.of(DispatcherType.REQUEST,
            DispatcherType.ASYNC);

    /** Held so that the configured level is not lost when the logger is garbage-collected. */
    private Logger rootLogger;
    private PrometheusMeterRegistry registry;
    private RuntimeMetrics runtimeMetrics;
    private AssistedServiceClient assistedService;
    private ImageStore store;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        ServiceConfig config = ServiceConfig.fromEnvironment(ConfigSources.merge(System.getenv(),
                Collections.list(context.getInitParameterNames()), context::getInitParameter));
        rootLogger = Logger.getLogger(ROOT_LOGGER);
        rootLogger.setLevel(config.logLevel());
        try {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            runtimeMetrics = RuntimeMetrics.bind(registry);
            assistedService = new AssistedServiceClient(config.assistedService(), new AssistedCallMetrics(registry));
            NmstateCache nmstate = new NmstateCache(
                    ImageCatalog.of(config.store().dataDir(), config.store().images()), config.store().dataTempDir(),
                    new NmstatectlExtractor(SquashfsImage::open, ErofsImage::open)::extract);
            // the only post-processor; an image's minimal-ISO template is built after its post-processors have run
            // (ImageStore), so the template's images/nmstate.img finds the archive
            store = new ImageStore(config.store(), List.of(nmstate), ImageStoreMetrics.buildSteps(registry));
            ImageStoreMetrics.bind(store, registry);
            ImageServiceApplication application = new ImageServiceApplication(store, assistedService, registry,
                    nmstate, config.serving().assistedServiceCache());
            registerFilters(context, config.serving(), application);
            ServletRegistration.Dynamic jersey = context.addServlet("jersey", new ServletContainer(application));
            jersey.addMapping("/*");
            jersey.setLoadOnStartup(1);
            jersey.setAsyncSupported(true);
            store.start();
        } catch (Exception e) {
            closeServices();
            throw new IllegalStateException("assisted-image-service failed to start: " + e.getMessage(), e);
        }
        LOG.info(() -> "assisted-image-service started with " + config.store().images().size()
                + " configured images, data in " + config.store().dataDir() + ", listeners "
                + config.serving().listeners());
    }

    /**
     * Filters run in registration order (docs/upstream-behaviour.md#filter-order). On the probe port (PROBE_LISTEN_PORT)
     * only the probes and /metrics pass the probe-port rule. Image routes: HTTP-port rule, CORS,
     * concurrency limit, metrics, Jersey (route match, per-image readiness, handler). Boot artifacts: CORS, their own
     * concurrency limit, metrics, Jersey (upstream measures them outermost and limits nothing). The request id and the
     * redacted log path come first so that every response and log line has them. Last, in front of Jersey, ISO
     * downloads whose decision is reused are answered without Jersey (ReusedDownloadFilter).
     */
    private void registerFilters(ServletContext context, ServiceConfig.ServingConfig serving,
                                 ImageServiceApplication application) {
        HttpMetrics httpMetrics = new HttpMetrics(registry);
        add(context, "requestId", new RequestIdFilter(), REQUEST_AND_ASYNC);
        add(context, "loggedPath", new LoggedPathFilter(), REQUEST);
        serving.probePort().ifPresent(port -> add(context, "probePort", new ProbePortFilter(port), REQUEST));
        if (serving.listeners() == ServiceConfig.Listeners.HTTP_AND_HTTPS) {
            add(context, "plainHttp", new PlainHttpFilter(), REQUEST);
        }
        if (!serving.allowedDomains().isEmpty()) {
            add(context, "cors", new CorsFilter(serving.allowedDomains()), REQUEST);
        }
        add(context, "concurrencyLimit", new ConcurrencyLimitFilter(new ConcurrencyLimitFilter.Limits(
                serving.maxConcurrentRequests(), serving.maxConcurrentBootArtifactRequests(),
                serving.maxWaitingRequests(), serving.requestWaitTimeout()), registry), REQUEST_AND_ASYNC);
        add(context, "bootArtifactMetrics", MetricsFilter.forBootArtifacts(httpMetrics), REQUEST_AND_ASYNC);
        add(context, "imageMetrics", MetricsFilter.forImageRoutes(httpMetrics), REQUEST_AND_ASYNC);
        add(context, "reusedDownloads", application.reusedDownloads(), REQUEST_AND_ASYNC);
    }

    private static void add(ServletContext context, String name, Filter filter, EnumSet<DispatcherType> types) {
        FilterRegistration.Dynamic registration = context.addFilter(name, filter);
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(types, true, "/*");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        closeServices();
        if (rootLogger != null) {
            rootLogger.setLevel(null);
        }
        JdkLeakWorkarounds.clearRecordMethodCaches();
        LOG.info("assisted-image-service stopped");
    }

    private void closeServices() {
        try {
            if (store != null) {
                store.close();
            }
            if (assistedService != null) {
                assistedService.close();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "error while stopping", e);
        } finally {
            if (runtimeMetrics != null) {
                runtimeMetrics.close();
            }
            if (registry != null) {
                registry.close();
            }
        }
    }
}
