/** The service's validated settings (an instance of its PlatformConfig subclass). */
export const FAI_CONFIG = Symbol('FAI_CONFIG');
/** The service's winston logger (JSON lines). */
export const FAI_LOGGER = Symbol('FAI_LOGGER');
/** What the service runs on (PlatformBackend): PostgreSQL and NATS, or the embedded runtime. */
export const PLATFORM_BACKEND = Symbol('PLATFORM_BACKEND');
/** The service's database (SqlDatabase): its PostgreSQL pool, or the embedded PGlite. */
export const SQL_DATABASE = Symbol('SQL_DATABASE');
