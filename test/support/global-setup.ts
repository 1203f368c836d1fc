import { nameTestRun } from './temp-root';

export default nameTestRun;
