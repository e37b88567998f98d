"""QA Portal: quality assurance of SEND and alternative provision."""
