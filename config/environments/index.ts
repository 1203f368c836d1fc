import type { PlatformConfigInput } from '../schema';
import { dev } from './dev';
import { local } from './local';
import { prod } from './prod';

/** Every environment `PLATFORM_ENV` can name. */
export const environments: Readonly<Record<string, PlatformConfigInput>> = {
  dev,
  prod,
  // Read when loaded rather than at import, so the emulator variables set by a script or test count.
  get local() {
    return local();
  },
};
