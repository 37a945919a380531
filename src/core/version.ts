/** weir's version, in a module of its own: importing it must not load the manifest builder and its schemas. */
export const WEIR_VERSION = '0.1.0';
