using Erlmcp.Autoscaler.Server.Kubernetes;
using Erlmcp.Autoscaler.Server.Options;
using Erlmcp.Autoscaler.Server.Security.Authentication;
using Erlmcp.Autoscaler.Server.Security.Authentication.FrontProxy;
using Erlmcp.Autoscaler.Server.Security.Authentication.Tokens;
using Erlmcp.Autoscaler.Server.Security.Authorization;
using k8s;

namespace Erlmcp.Autoscaler.Server.Security;

/// <summary>
/// Registers authentication and authorization as kube-apiserver delegates them to an aggregated server: front proxy
/// (request-header CA), cluster client certificates, bearer tokens through TokenReview, then AlwaysAllow, AlwaysDeny
/// or SubjectAccessReview. The front-proxy and client CAs come from files, else (Delegated, unless
/// <c>DelegatedAuth:SkipLookup</c>) from the <c>kube-system/extension-apiserver-authentication</c> ConfigMap.
/// </summary>
public static class SecurityHost
{
    /// <exception cref="MetricsApiConfigurationException">A setting is invalid or a file it names does not load; the message names it.</exception>
    public static WebApplicationBuilder AddApiSecurity(this WebApplicationBuilder builder, MetricsApiOptions api)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(api);
        var options = ReadOptions(builder.Configuration);
        var services = builder.Services;
        var delegated = api.AuthorizationMode == AuthorizationMode.Delegated;
        if (delegated && !services.Any(service => service.ServiceType == typeof(IKubernetes)))
        {
            // Fail now, naming Kubernetes:Kubeconfig, rather than on the first request.
            _ = KubernetesConnection.Configuration(builder.Configuration);
            services.AddKubernetesClient(builder.Configuration);
        }

        var lookup = delegated && !options.SkipLookup && (string.IsNullOrEmpty(api.ClientCaFile) || string.IsNullOrEmpty(options.RequestHeaderClientCaFile));
        if (lookup)
        {
            services.AddSingleton(provider => new AuthenticationConfigMapSource(
                provider.GetRequiredService<IKubernetes>(), options.LookupInterval, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<AuthenticationConfigMapSource>>()));
            services.AddHostedService(provider => provider.GetRequiredService<AuthenticationConfigMapSource>());
        }

        // Front proxy first, then client certificates, then tokens: upstream's order.
        var headerNames = options.RequestHeaderNames;
        var fromFiles = options.RequestHeaderClientCaFile is { Length: > 0 };
        if (options.RequestHeaderClientCaFile is { Length: > 0 } requestHeaderCaFile)
        {
            var bundle = Setting(DelegatedAuthOptions.Key(nameof(options.RequestHeaderClientCaFile)), () => new ClientCaBundle(requestHeaderCaFile));
            var requestHeader = new FileRequestHeaderSettings(bundle, options.RequestHeaderAllowedNames ?? [], headerNames);
            services.AddSingleton<IRequestAuthenticator>(provider => new RequestHeaderAuthenticator(requestHeader, provider.GetRequiredService<TimeProvider>()));
        }
        else if (lookup)
        {
            services.AddSingleton<IRequestAuthenticator>(provider => new RequestHeaderAuthenticator(
                provider.GetRequiredService<AuthenticationConfigMapSource>(), provider.GetRequiredService<TimeProvider>()));
        }

        // Files name the configured headers only; the ConfigMap may name others, which are cleared too.
        services.AddSingleton(provider => new AuthenticationHeaders(
            headerNames, !fromFiles && lookup ? provider.GetRequiredService<AuthenticationConfigMapSource>() : null));

        if (!string.IsNullOrEmpty(api.ClientCaFile))
        {
            var bundle = Setting(MetricsApiOptionsValidator.Key(nameof(api.ClientCaFile)), () => new ClientCaBundle(api.ClientCaFile));
            services.AddSingleton<IRequestAuthenticator>(provider => new X509ClientCertificateAuthenticator(bundle, provider.GetRequiredService<TimeProvider>()));
        }
        else if (lookup)
        {
            services.AddSingleton<IRequestAuthenticator>(provider => new X509ClientCertificateAuthenticator(
                provider.GetRequiredService<AuthenticationConfigMapSource>(), provider.GetRequiredService<TimeProvider>()));
        }

        if (delegated)
        {
            services.AddSingleton<ITokenReviewer>(provider =>
            {
                var time = provider.GetRequiredService<TimeProvider>();
                var reviewer = new KubernetesTokenReviewer(provider.GetRequiredService<IKubernetes>(), options.ReviewTimeout, time);
                return new CachingTokenReviewer(reviewer, options.TokenSuccessCacheTtl, options.TokenFailureCacheTtl, time);
            });
            services.AddSingleton<IRequestAuthenticator>(provider => new BearerTokenAuthenticator(provider.GetRequiredService<ITokenReviewer>(), options.TokenAudiences ?? []));
            services.AddSingleton<ISubjectAccessReviewer>(provider => new KubernetesSubjectAccessReviewer(
                provider.GetRequiredService<IKubernetes>(), options.ReviewTimeout, provider.GetRequiredService<TimeProvider>()));
        }

        services.AddSingleton<IRequestAuthorizer>(provider => api.AuthorizationMode switch
        {
            AuthorizationMode.AlwaysAllow => new AlwaysAllowAuthorizer(),
            AuthorizationMode.Delegated => new DelegatedAuthorizer(
                provider.GetRequiredService<ISubjectAccessReviewer>(), options.EffectiveAlwaysAllowGroups, options.AuthorizedCacheTtl, options.UnauthorizedCacheTtl, provider.GetRequiredService<TimeProvider>()),
            _ => new AlwaysDenyAuthorizer(),
        });
        return builder;
    }

    /// <summary>Binds the <c>DelegatedAuth</c> section and checks it.</summary>
    /// <exception cref="MetricsApiConfigurationException">A value does not convert, or a check fails.</exception>
    public static DelegatedAuthOptions ReadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new DelegatedAuthOptions();
        try
        {
            configuration.GetSection(DelegatedAuthOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new MetricsApiConfigurationException(e.InnerException is null ? e.Message : $"{e.Message} {e.InnerException.Message}", e);
        }

        var result = new DelegatedAuthOptionsValidator().Validate(null, options);
        return result.Failed ? throw new MetricsApiConfigurationException(string.Join(Environment.NewLine, result.Failures)) : options;
    }

    private static T Setting<T>(string key, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new MetricsApiConfigurationException($"{key}: {e.Message}", e);
        }
    }
}
