namespace Erlmcp.Autoscaler.Server.Security;

/// <summary>
/// A TokenReview or SubjectAccessReview could not be made (the API server is unreachable, refuses our service
/// account, times out). Authentication then fails (401) and authorization answers 500, as kube-apiserver's filters do.
/// </summary>
public sealed class DelegatedReviewException : Exception
{
    public DelegatedReviewException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DelegatedReviewException(string message)
        : base(message)
    {
    }

    public DelegatedReviewException()
        : this("the review could not be made")
    {
    }

    /// <summary>Runs a call to the API server, turning its transport and HTTP failures into <see cref="DelegatedReviewException"/>.</summary>
    internal static async Task<T> WrapAsync<T>(string what, TimeSpan timeout, TimeProvider time, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await call(linked.Token);
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            throw new DelegatedReviewException($"{what}: the API server answered {(int)e.Response.StatusCode}: {e.Response.Content}", e);
        }
        catch (HttpRequestException e)
        {
            throw new DelegatedReviewException($"{what}: {e.Message}", e);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new DelegatedReviewException($"{what}: the answer does not parse: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DelegatedReviewException($"{what}: no answer within {timeout.TotalSeconds}s", e);
        }
    }
}
