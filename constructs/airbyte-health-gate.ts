import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DataHttp } from '../providers/http';

/** The server's config-API health check: unauthenticated, `200 {"available": true}` when the server is up (the chart's probes use it too). */
export const AIRBYTE_HEALTH_PATH = '/api/v1/health';

/** The first pause between tries; each following one doubles, up to `MAX_DELAY_MS`. */
const MIN_DELAY_MS = 5_000;
const MAX_DELAY_MS = 30_000;

/** How the health request is retried, and how long that takes at most. */
export interface HealthRetries {
  /** Retries after the first request (the http provider's `retry.attempts`). */
  readonly attempts: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** Seconds spent pausing between tries when every try fails. */
  readonly pauseSeconds: number;
  /** The longest the gate can take: the pauses plus every try running into its timeout. */
  readonly worstCaseSeconds: number;
}

/**
 * The fewest retries whose pauses add up to `waitMinutes`: the http provider (go-retryablehttp)
 * pauses `min * 2^n` before retry n, capped at `max`, and retries connection errors and 5xx
 * answers, which is what a server starting or a load balancer still registering gives.
 */
export function healthRetries(waitMinutes: number, requestTimeoutSeconds: number): HealthRetries {
  let attempts = 0;
  let pauseMs = 0;
  while (pauseMs < waitMinutes * 60_000) {
    pauseMs += Math.min(MIN_DELAY_MS * 2 ** attempts, MAX_DELAY_MS);
    attempts += 1;
  }
  return {
    attempts,
    minDelayMs: MIN_DELAY_MS,
    maxDelayMs: MAX_DELAY_MS,
    pauseSeconds: pauseMs / 1000,
    worstCaseSeconds: pauseMs / 1000 + (attempts + 1) * requestTimeoutSeconds,
  };
}

export interface AirbyteHealthGateProps {
  /** The server's base URL, `http://<host>:8001` (no path). */
  readonly serverUrl: string;
  /** Namespace and Service of the server, named in the failure message. */
  readonly namespace: string;
  readonly serverServiceName: string;
  /** Minutes to keep asking: enough for a new load balancer's targets to turn healthy and its DNS name to resolve. */
  readonly waitMinutes: number;
  /** Seconds one request may take. */
  readonly requestTimeoutSeconds: number;
}

/**
 * Reads the server's health endpoint during plan, retrying for `waitMinutes`, and fails the plan
 * unless the server answers `200 {"available": true}`: every Airbyte resource depends on it, so
 * the provider never talks to a server that is not up, and nothing has to be commented out or
 * applied twice. (An unreachable server ends in the http provider's own "giving up" error after
 * the retries; a server that answers but is not healthy in the postcondition's message.)
 */
export class AirbyteHealthGate extends Construct implements ITerraformDependable {
  readonly check: DataHttp;
  readonly retries: HealthRetries;
  readonly url: string;
  readonly fqn: string;

  constructor(scope: Construct, id: string, props: AirbyteHealthGateProps) {
    super(scope, id);
    if (props.waitMinutes <= 0 || props.requestTimeoutSeconds <= 0) throw new Error(`AirbyteHealthGate ${id}: waitMinutes and requestTimeoutSeconds must be positive`);
    this.retries = healthRetries(props.waitMinutes, props.requestTimeoutSeconds);
    this.url = `${props.serverUrl}${AIRBYTE_HEALTH_PATH}`;
    const waited = `${Math.round(this.retries.pauseSeconds / 60)} minutes`;
    this.check = new DataHttp(this, 'health', {
      url: this.url,
      method: 'GET',
      requestHeaders: { Accept: 'application/json' },
      requestTimeoutMs: props.requestTimeoutSeconds * 1000,
      retry: { attempts: this.retries.attempts, minDelayMs: this.retries.minDelayMs, maxDelayMs: this.retries.maxDelayMs },
      lifecycle: {
        postcondition: [
          {
            condition: '${self.status_code == 200 && try(jsondecode(self.response_body).available, false) == true}',
            errorMessage:
              `The Airbyte server did not report itself available at ${this.url} after ${waited} (HTTP \${self.status_code}). Check, in order: ` +
              `its pods (kubectl -n ${props.namespace} get pods; one that is not Running names the cause in kubectl -n ${props.namespace} describe pod), ` +
              `its load balancer (kubectl -n ${props.namespace} describe svc ${props.serverServiceName}, and its target group's health in the EC2 console), ` +
              "and that this machine's address is inside the load balancer's source ranges (adminCidrs or the VPC). Then deploy again.",
          },
        ],
      },
    });
    this.fqn = this.check.fqn;
  }
}
