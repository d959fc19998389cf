export { findElectronBinary } from '../../scripts/electron-binary.cjs';
