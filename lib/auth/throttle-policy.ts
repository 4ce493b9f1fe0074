import { getEnv, parseDurationMs, type Env } from '@/lib/env';
import type { ThrottlePolicy } from './login-throttle';

export function getThrottlePolicy(env: Env = getEnv()): ThrottlePolicy {
  return { maxPairFailures: env.LOGIN_MAX_FAILURES, maxAddressFailures: env.LOGIN_ADDRESS_MAX_FAILURES, lockoutMs: parseDurationMs(env.LOGIN_LOCKOUT), alertClients: env.LOGIN_ALERT_CLIENTS };
}
