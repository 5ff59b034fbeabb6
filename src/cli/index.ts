#!/usr/bin/env node
import { main } from './main.js'
import { nodeVersionNotice } from './node-version.js'

// Before main() builds any AWS SDK client: the SDK checks the Node version when a client is
// constructed (not when its module loads), and prints its own warning unless told not to.
const notice = nodeVersionNotice(process.version)
if (notice !== undefined) {
  process.stderr.write(`${notice}\n`)
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
}

void main(process.argv.slice(2)).then((status) => {
  process.exitCode = status
})
