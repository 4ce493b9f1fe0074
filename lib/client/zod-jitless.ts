import { z } from 'zod';

// zod compiles object schemas with `new Function` when it may; to find out, it tries `Function('')` once,
// which the console's Content-Security-Policy (no 'unsafe-eval') refuses and reports as a violation.
// In the browser it is told not to try: schemas are interpreted, nothing is evaluated.
z.config({ jitless: true });
