import type { ProviderPreset } from './schema';

/**
 * Azure OpenAI through a deployment URL: the deployment, not the request's `model`, picks the
 * model, so the preset lists none. The key goes in Azure's own `api-key` header.
 */
export const azureOpenai = {
  id: 'azure-openai',
  name: 'Azure OpenAI',
  protocol: 'openai',
  baseUrl: 'https://{resource}.openai.azure.com/openai/deployments/{deployment}',
  params: [
    { name: 'resource', label: 'Resource name (the subdomain of your endpoint)', example: 'my-resource' },
    { name: 'deployment', label: 'Deployment name', example: 'my-deployment' },
  ],
  query: { 'api-version': '2024-10-21' },
  auth: 'api-key',
  docsUrl: 'https://learn.microsoft.com/azure/ai-foundry/openai/reference',
  pricingUrl: 'https://azure.microsoft.com/pricing/details/cognitive-services/openai-service/',
  checked: '2026-12-02',
  models: [],
  quirks: { maxTokensField: 'max_completion_tokens' },
  notes:
    '2024-10-21 is the last dated GA inference api-version; Azure\'s current GA surface is the v1 API ' +
    '(https://{resource}.openai.azure.com/openai/v1, no api-version, the deployment name as model), which a custom ' +
    'OpenAI-compatible provider with the api-key auth style can use. Newer models may need a newer api-version.',
} as const satisfies ProviderPreset;
