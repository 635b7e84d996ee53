package dev.spotshift.schemas.access;

import java.util.List;

/**
 * Who may call Spotshift's HTTP doors (the analyzer's intake, the console): a bearer JWT signed by the
 * configured issuer, its roles in the {@code groups} claim. Here, not in a service, so the intake and the
 * console name the same roles and settings without importing each other's classes.
 */
public final class RestAccess {

    /** May submit plans ({@code POST /api/v1/migrations}). */
    public static final String SUBMIT = "spotshift-submit";
    /** May act on migrations: pause, resume, abort, approve, the kill switch. */
    public static final String OPERATE = "spotshift-operate";
    /** May read (every GET of the API). */
    public static final String READ = "spotshift-read";

    public static final List<String> ROLES = List.of(SUBMIT, OPERATE, READ);

    /** The token's {@code iss} must equal this (MicroProfile JWT; env {@code MP_JWT_VERIFY_ISSUER}). */
    public static final String ISSUER = "mp.jwt.verify.issuer";
    /**
     * The issuer's public key: a PEM or JWK (set) file, a classpath resource or an https JWKS URL
     * (env {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}). Unset, every token is refused.
     */
    public static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    /** Expected {@code aud}, when the issuer sets one (env {@code MP_JWT_VERIFY_AUDIENCES}). */
    public static final String AUDIENCES = "mp.jwt.verify.audiences";
    /** The claim that carries the roles. */
    public static final String GROUPS_CLAIM = "groups";

    private RestAccess() {}
}
