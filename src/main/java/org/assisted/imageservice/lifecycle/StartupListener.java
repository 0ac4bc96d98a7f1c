package org.assisted.imageservice.lifecycle;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.DispatcherType;
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

import org.assisted.imageservice.api.ConcurrencyLimitFilter;
import org.assisted.imageservice.api.HttpMetrics;
import org.assisted.imageservice.api.ImageServiceApplication;
import org.assisted.imageservice.api.LoggedPathFilter;
import org.assisted.imageservice.api.MetricsFilter;
import org.assisted.imageservice.assisted.AssistedServiceClient;
import org.assisted.imageservice.config.ConfigSources;
import org.assisted.imageservice.config.ServiceConfig;
import org.assisted.imageservice.store.ImageStore;
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

    /** Held so that the configured level is not lost when the logger is garbage-collected. */
    private Logger rootLogger;
    private PrometheusMeterRegistry registry;
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
            assistedService = new AssistedServiceClient(config.assistedService());
            store = new ImageStore(config.store(), List.of());
            registerFilters(context, config);
            ServletRegistration.Dynamic jersey = context.addServlet("jersey",
                    new ServletContainer(new ImageServiceApplication(store, assistedService, registry)));
            jersey.addMapping("/*");
            jersey.setLoadOnStartup(1);
            store.start();
        } catch (Exception e) {
            closeServices();
            throw new IllegalStateException("assisted-image-service failed to start: " + e.getMessage(), e);
        }
        LOG.info(() -> "assisted-image-service started with " + config.store().images().size()
                + " configured images, data in " + config.store().dataDir());
    }

    private void registerFilters(ServletContext context, ServiceConfig config) {
        EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
        FilterRegistration.Dynamic loggedPath = context.addFilter("loggedPath", new LoggedPathFilter());
        loggedPath.addMappingForUrlPatterns(requests, false, "/*");
        FilterRegistration.Dynamic limit = context.addFilter("concurrencyLimit",
                new ConcurrencyLimitFilter(config.serving().maxConcurrentRequests()));
        limit.addMappingForUrlPatterns(requests, false, "/*");
        FilterRegistration.Dynamic metrics = context.addFilter("metrics", new MetricsFilter(new HttpMetrics(registry)));
        metrics.addMappingForUrlPatterns(requests, false, "/*");
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
            if (registry != null) {
                registry.close();
            }
        }
    }
}
