import { synthesizeCachedApps } from './synth-cache';
import { nameTestRun } from './temp-root';

export default function globalSetup(): void {
  nameTestRun();
  synthesizeCachedApps();
}
