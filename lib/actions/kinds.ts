// The action kinds each executor runs, and the limits the catalog and the executors share. Pure, so the
// catalog schema, the page (which steps are buttons) and the server agree from one place.

export const kubernetesKinds = ['rollout-restart', 'scale', 'set-env', 'patch-configmap', 'delete-pods', 'rollout-undo', 'create-job-from-cronjob'] as const;
export const redisKinds = ['redis-del', 'redis-set', 'redis-flushdb'] as const;
export const httpKinds = ['http-post'] as const;

/** The kinds whose change can be temporary: their previous values are read (the preview binds them) and written back. */
export const temporaryKinds: readonly string[] = ['set-env', 'patch-configmap'];
/** A temporary change lasts at most a day: longer is not temporary. */
export const MAX_TEMPORARY_MINUTES = 1440;

/** A redis-set is always bounded in time: at most a day. */
export const MAX_REDIS_TTL_SECONDS = 86_400;
