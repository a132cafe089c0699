using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Erlmcp.Autoscaler.Server.Tests.Infrastructure;

/// <summary>
/// The cluster side of delegated authentication on a <see cref="FakeApiServer"/>: TokenReviews answered from a table
/// of tokens, SubjectAccessReviews answered by a rule the test sets, the <c>extension-apiserver-authentication</c>
/// ConfigMap with the data the test gives; every answer built from the upstream fixtures.
/// </summary>
internal sealed class FakeCluster : IAsyncDisposable
{
    public const string TokenReviewPath = "/apis/authentication.k8s.io/v1/tokenreviews";
    public const string SubjectAccessReviewPath = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
    public const string ConfigMapPath = "/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication";

    private readonly ConcurrentDictionary<string, JsonObject> tokens = new(StringComparer.Ordinal);

    private FakeCluster(FakeApiServer api)
    {
        Api = api;
        api.On("POST", TokenReviewPath, AnswerTokenReviewAsync);
        api.On("POST", SubjectAccessReviewPath, AnswerSubjectAccessReviewAsync);
    }

    public FakeApiServer Api { get; }

    /// <summary>Decides a SubjectAccessReview from its spec: allowed, denied and the reason. Allows everything until set.</summary>
    public Func<JsonObject, (bool Allowed, bool Denied, string Reason)> Decide { get; set; } = _ => (true, false, "");

    /// <summary>The review requests received, as JSON.</summary>
    public IReadOnlyList<JsonObject> TokenReviews => Bodies(TokenReviewPath);

    public IReadOnlyList<JsonObject> SubjectAccessReviews => Bodies(SubjectAccessReviewPath);

    public static async Task<FakeCluster> StartAsync() => new(await FakeApiServer.StartAsync());

    /// <summary>A token the TokenReview authenticates as <paramref name="user"/> (a TokenReview <c>status.user</c>), for <paramref name="audiences"/>.</summary>
    public void AcceptToken(string token, JsonObject user, params string[] audiences) =>
        tokens[token] = new JsonObject { ["authenticated"] = true, ["user"] = user, ["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]) };

    /// <summary>A token the TokenReview rejects with <paramref name="error"/>.</summary>
    public void RejectToken(string token, string error) =>
        tokens[token] = new JsonObject { ["authenticated"] = false, ["error"] = error };

    public void ServeConfigMap(IReadOnlyDictionary<string, string> data)
    {
        var configMap = ApiFixtures.ReadObject("core.v1.ConfigMap");
        configMap["metadata"]!["namespace"] = "kube-system";
        configMap["metadata"]!["name"] = "extension-apiserver-authentication";
        configMap["data"] = new JsonObject(data.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value)));
        configMap.Remove("binaryData");
        Api.OnJson("GET", ConfigMapPath, configMap.ToJsonString());
    }

    public ValueTask DisposeAsync() => Api.DisposeAsync();

    private IReadOnlyList<JsonObject> Bodies(string path) =>
        [.. Api.Requests.Where(request => request.Path == path).Select(request => JsonNode.Parse(request.Body)!.AsObject())];

    // FakeApiServer has read the body into its record before calling a handler; tests send one request at a time, so
    // the last recorded review is the one being answered.
    private async Task AnswerTokenReviewAsync(HttpContext context)
    {
        var request = JsonNode.Parse(Api.Requests.Last(r => r.Path == TokenReviewPath).Body)!.AsObject();
        var token = request["spec"]!["token"]!.GetValue<string>();
        var review = ApiFixtures.ReadObject("authentication.k8s.io.v1.TokenReview");
        review["spec"] = request["spec"]!.DeepClone();
        review["status"] = tokens.TryGetValue(token, out var status) ? status.DeepClone() : new JsonObject { ["authenticated"] = false, ["error"] = "unknown token" };
        await FakeApiServer.WriteJsonAsync(context, review.ToJsonString(), StatusCodes.Status201Created);
    }

    private async Task AnswerSubjectAccessReviewAsync(HttpContext context)
    {
        var request = JsonNode.Parse(Api.Requests.Last(r => r.Path == SubjectAccessReviewPath).Body)!.AsObject();
        var (allowed, denied, reason) = Decide(request["spec"]!.AsObject());
        var review = ApiFixtures.ReadObject("authorization.k8s.io.v1.SubjectAccessReview");
        review["spec"] = request["spec"]!.DeepClone();
        review["status"] = new JsonObject { ["allowed"] = allowed, ["denied"] = denied, ["reason"] = reason };
        await FakeApiServer.WriteJsonAsync(context, review.ToJsonString(), StatusCodes.Status201Created);
    }
}
