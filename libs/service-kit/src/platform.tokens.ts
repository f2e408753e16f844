/** The service's validated settings (an instance of its PlatformConfig subclass). */
export const FAI_CONFIG = Symbol('FAI_CONFIG');
/** The service's winston logger (JSON lines). */
export const FAI_LOGGER = Symbol('FAI_LOGGER');
/** The service's nats.js connection. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
