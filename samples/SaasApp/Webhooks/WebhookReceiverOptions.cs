using System.ComponentModel.DataAnnotations;

namespace SaasApp.Webhooks;

/// <summary>The <c>Provisio</c> settings of webhooks mode.</summary>
public sealed class WebhookReceiverOptions
{
    /// <summary>
    /// The endpoint's signing secret (<c>whsec_…</c>), shown once by <c>provisio webhooks add</c>. Keep it out of
    /// source control: an environment variable (<c>Provisio__WebhookSecret</c>) or a secret store.
    /// </summary>
    [Required]
    [RegularExpression("^whsec_.+", ErrorMessage = "Provisio:WebhookSecret must be the whsec_… secret that 'provisio webhooks add' printed.")]
    public string WebhookSecret { get; set; } = "";
}
