/** The kinds of source the platform ingests (SEED-NOTES: OLTP, partners, JSON/XML files, documents). */
export const SOURCE_FAMILIES = ['oltpCdc', 'partnerApis', 'structuredFiles', 'documents'] as const;
export type SourceFamily = (typeof SOURCE_FAMILIES)[number];

/**
 * How a family reaches Snowflake: `copy` is COPY INTO from the landing bucket's external
 * stage on the loading warehouse (run by Airflow per batch); `airbyte` is an Airbyte
 * connection writing to the Snowflake destination.
 */
export const ROUTES = ['copy', 'airbyte'] as const;
export type Route = (typeof ROUTES)[number];

/** Families that arrive as files in the landing bucket; the others reach Airbyte from their source. */
export const LANDED_FAMILIES: readonly SourceFamily[] = ['structuredFiles', 'documents'];
