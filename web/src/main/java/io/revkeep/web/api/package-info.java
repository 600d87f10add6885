/**
 * The JSON bodies of the HTTP API under {@code /api}, as records: what each route answers and
 * what each POST reads, one file per group of routes. The web's mapper ({@code Json.MAPPER} in
 * io.revkeep.web) writes a record's components in their declared order with snake_case names
 * ({@code lastModified} is {@code last_modified} on the wire), Instants as ISO-8601 strings, and
 * a null component as {@code null} unless the component says it is left out
 * ({@code @JsonInclude(NON_NULL)}). Request records are read leniently: unknown fields are
 * ignored, missing ones are null, and each route checks what it requires.
 * ApiBodiesTest pins every name; ApiShapeIT pins the bodies over HTTP.
 */
package io.revkeep.web.api;
