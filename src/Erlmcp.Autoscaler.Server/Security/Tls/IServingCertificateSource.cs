using System.Net.Security;

namespace Erlmcp.Autoscaler.Server.Security.Tls;

/// <summary>The serving certificate for the next TLS handshake.</summary>
public interface IServingCertificateSource
{
    SslStreamCertificateContext Current { get; }
}
