/** The file name of target/weir_manifest.json, apart from its builder (which loads the manifest's). */
export const WEIR_MANIFEST = 'weir_manifest.json';
