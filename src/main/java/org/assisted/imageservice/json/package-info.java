/**
 * The one place that builds Jackson factories and mappers ({@link org.assisted.imageservice.json.JsonMappers}), so
 * that every JSON parser and writer of the application pools its buffers in a way that lets the web application be
 * undeployed without a leak (docs/operations.md#5-the-manager-deploy-reload-undeploy). Imports Jackson only; any
 * package of ours may import it.
 * <p>May import: nothing of ours. Jackson.
 */
package org.assisted.imageservice.json;
