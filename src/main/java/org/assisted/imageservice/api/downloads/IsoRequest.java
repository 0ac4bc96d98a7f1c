package org.assisted.imageservice.api.downloads;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.assisted.imageservice.api.Routes;
import org.assisted.imageservice.api.errors.ApiError;
import org.assisted.imageservice.api.errors.ApiException;
import org.assisted.imageservice.api.errors.Printable;
import org.assisted.imageservice.assisted.Credential;
import org.assisted.imageservice.assisted.InvalidTokenException;
import org.assisted.imageservice.assisted.JwtInfraEnvId;
import org.assisted.imageservice.assisted.RequestCredentials;
import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.coreos.RhcosPaths;

/**
 * A parsed ISO download request, from the long or a short URL (docs/upstream-behaviour.md#iso-request-parameters).
 * The resources and the reused-download filter parse requests with the same two factories, so both paths answer
 * the same request the same way.
 *
 * @param imageId    the InfraEnv id (from the path or the JWT)
 * @param version    RHCOS or OpenShift version key
 * @param arch       CPU architecture
 * @param type       which image
 * @param credential what to forward to assisted-service, if anything
 */
public record IsoRequest(String imageId, String version, String arch, ImageType type, Optional<Credential> credential) {

    private static final Map<String, ImageType> FILE_NAMES = Map.of(
            "full.iso", ImageType.FULL_ISO,
            "minimal.iso", ImageType.MINIMAL_ISO,
            "disconnected.iso", ImageType.DISCONNECTED_ISO);

    /**
     * The download a long URL asks for: the resource's and the reused-download filter's parsing.
     *
     * @param query         the first value of a query parameter, or null
     * @param authorization the first {@code Authorization} header, or null
     * @throws ApiException 400 for a missing version or type, or an unknown type
     */
    public static IsoRequest longUrl(String imageId, Function<String, String> query, String authorization)
            throws ApiException {
        String arch = query.apply("arch");
        return new IsoRequest(imageId, required(query.apply("version"), "version"),
                arch == null || arch.isEmpty() ? RhcosPaths.DEFAULT_ARCH : arch, imageType(query.apply("type")),
                RequestCredentials.of(query, authorization).forwarded());
    }

    /**
     * The download a short URL asks for: the resource's and the reused-download filter's parsing.
     *
     * @param route         {@code byid}, {@code byapikey} or {@code bytoken}
     * @param idOrToken     the segment after the route: the image id or the JWT
     * @param query         the first value of a query parameter, or null
     * @param authorization the first {@code Authorization} header, or null
     * @throws ApiException 404 for an unknown file name or a token without a valid InfraEnv id
     */
    public static IsoRequest shortUrl(String route, String idOrToken, String version, String arch, String filename,
                                      Function<String, String> query, String authorization) throws ApiException {
        RequestCredentials offered = RequestCredentials.of(query, authorization);
        Optional<Credential> credential;
        String imageId;
        switch (route) {
            case Routes.BY_API_KEY -> {
                credential = offered.withPathApiKey(idOrToken).forwarded();
                imageId = imageId(idOrToken);
            }
            case Routes.BY_TOKEN -> {
                credential = offered.withPathToken(idOrToken).forwarded();
                imageId = imageId(idOrToken);
            }
            default -> {
                credential = offered.forwarded();
                imageId = idOrToken;
            }
        }
        ImageType type = FILE_NAMES.get(filename);
        if (type == null) {
            throw new ApiException(new ApiError.RawTextError(404, "unrecognized file name " + Printable.of(filename)));
        }
        return new IsoRequest(imageId, version, arch, type, credential);
    }

    private static String required(String value, String name) throws ApiException {
        if (value == null || value.isEmpty()) {
            throw new ApiException(new ApiError.RawTextError(400, "'" + name + "' parameter required"));
        }
        return value;
    }

    private static ImageType imageType(String type) throws ApiException {
        return ImageType.fromWireName(required(type, "type")).orElseThrow(() -> new ApiException(
                new ApiError.RawTextError(400, "invalid value '" + Printable.of(type) + "' for parameter 'type'")));
    }

    /**
     * The InfraEnv id mined from the token. Unlike upstream, an id that could not be an id is
     * refused here rather than pasted into assisted-service URLs and Content-Disposition.
     */
    private static String imageId(String token) throws ApiException {
        try {
            String id = JwtInfraEnvId.parse(token);
            if (!JwtInfraEnvId.isSafeId(id)) {
                throw new ApiException(new ApiError.RawTextError(404, "InfraEnv ID in token is not a valid id"));
            }
            return id;
        } catch (InvalidTokenException e) {
            throw new ApiException(new ApiError.RawTextError(404, e.getMessage()));
        }
    }
}
