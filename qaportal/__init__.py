"""QA Portal: quality assurance of SEND and alternative provision. This package is the
project's configuration: settings, root URLs, middleware, context processors, the error and
health pages and the deployment checks."""
