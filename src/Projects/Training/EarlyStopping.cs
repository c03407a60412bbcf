namespace IlgpuNet.Training;

/// <summary>
/// Stops training when the validation loss has not improved for <see cref="Patience"/> epochs in a row, and
/// remembers the best epoch (whose weights the run keeps). Its state is three numbers, saved in each checkpoint.
/// </summary>
public sealed class EarlyStopping(int patience)
{
    public int Patience { get; } = patience >= 1 ? patience : throw new ArgumentOutOfRangeException(nameof(patience), "patience must be at least 1 epoch");

    public double BestLoss { get; private set; } = double.PositiveInfinity;

    public int BestEpoch { get; private set; }

    public int EpochsWithoutImprovement { get; private set; }

    public bool ShouldStop => EpochsWithoutImprovement >= Patience;

    /// <summary>Records an epoch's validation loss; true when it is the best so far.</summary>
    public bool Observe(int epoch, double validationLoss)
    {
        if (validationLoss < BestLoss)
        {
            BestLoss = validationLoss;
            BestEpoch = epoch;
            EpochsWithoutImprovement = 0;
            return true;
        }

        EpochsWithoutImprovement++;
        return false;
    }

    public void SaveTo(IDictionary<string, double> metrics)
    {
        metrics["early_stopping.best_loss"] = BestLoss;
        metrics["early_stopping.best_epoch"] = BestEpoch;
        metrics["early_stopping.bad_epochs"] = EpochsWithoutImprovement;
    }

    public void RestoreFrom(IReadOnlyDictionary<string, double> metrics)
    {
        BestLoss = metrics["early_stopping.best_loss"];
        BestEpoch = (int)metrics["early_stopping.best_epoch"];
        EpochsWithoutImprovement = (int)metrics["early_stopping.bad_epochs"];
    }
}
