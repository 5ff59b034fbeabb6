/** What Harvest answers for a path it has no page for: an HTML page, not JSON. */
export function notFoundPage(): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Page not found - Harvest</title>
</head>
<body>
  <h1>Sorry, we can’t find that page</h1>
  <p>The page you were looking for doesn’t exist. You may have mistyped the address, or the page may have moved.</p>
</body>
</html>
`
}
