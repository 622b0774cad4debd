import { z } from 'zod';

// Said the same way wherever a schema is checked: a request body, an event, the service's settings.
z.config({ customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined) });
