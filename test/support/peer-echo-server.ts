import { createServer } from "node:http";
import { tagPeerAddresses } from "../../lib/security/peer-address";

/**
 * Answers every request with the headers it arrived with, as tagPeerAddresses left them. Run with
 * `--conditions=react-server`: peer-address.ts is server-only.
 */

tagPeerAddresses();
createServer((req, res) => res.end(JSON.stringify(req.headers))).listen(Number(process.argv[2]), "0.0.0.0");
