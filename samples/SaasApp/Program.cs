// Mode=Embedded (the default) hosts Provisio's SCIM endpoints in this app; Mode=Webhooks receives Provisio's signed
// webhooks instead. See README.md.
await SaasApp.SaasAppHost.Build(args).RunAsync();
