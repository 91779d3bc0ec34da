// An independent verifier: Digital Bazaar's VC libraries, nothing of ours but the documents.
// Reads {"contexts": {url: file}, "documents": {url: json}, "credentials": [json, ...]} on stdin
// and prints, per credential, {"verified", "revoked", "errors"} as JSON. Nothing is fetched: the
// document loader knows the contexts we ship and the documents the test served it.
import {readFileSync} from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';

const input = JSON.parse(readFileSync(0, 'utf8'));
const contexts = Object.fromEntries(
  Object.entries(input.contexts).map(([url, file]) => [url, JSON.parse(readFileSync(file, 'utf8'))]));

async function documentLoader(url) {
  if(contexts[url]) {
    return {contextUrl: null, documentUrl: url, document: contexts[url]};
  }
  const [base, fragment] = url.split('#');
  const document = input.documents[base];
  if(!document) {
    throw new Error(`Not in the static document loader: ${url}`);
  }
  if(fragment && base !== url && document.verificationMethod) {
    const method = document.verificationMethod.find(m => m.id === url);
    if(!method) {
      throw new Error(`No verification method ${url}`);
    }
    return {
      contextUrl: null, documentUrl: url,
      document: {'@context': 'https://w3id.org/security/multikey/v1', ...method}
    };
  }
  return {contextUrl: null, documentUrl: url, document};
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
const results = [];
for(const credential of input.credentials) {
  const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
  const errors = [].concat(result.error || [])
    .flatMap(e => e.errors ? e.errors : [e]).map(e => String(e.message || e));
  results.push({
    verified: result.verified,
    revoked: result.statusResult?.results?.[0]?.status ?? null,
    errors,
  });
}
process.stdout.write(JSON.stringify(results));
