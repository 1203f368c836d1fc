import type { PlatformConfigInput } from '../schema';
import { dev } from './dev';
import { prod } from './prod';

/** Every environment `PLATFORM_ENV` can name. */
export const environments: Readonly<Record<string, PlatformConfigInput>> = { dev, prod };
