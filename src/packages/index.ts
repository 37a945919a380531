/** dbt packages: packages.yml / dependencies.yml, `weir deps`, and the packages installed on disk. */
export { installPackages, type DepsOptions, type InstalledPackage } from './install.js';
export { installedPackages, DEFAULT_INSTALL_PATH, type InstalledFolder } from './installed.js';
export { PackageFetchError } from './network.js';
export { hubUrl } from './hub.js';
