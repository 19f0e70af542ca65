using SamClr.MLNet.Compute;
using SamClr.MLNet.Methods.Heads;
using SamClr.MLNet.Methods.Losses;
using SamClr.MLNet.Methods.Momentum;
using SamClr.MLNet.Models;
using SamClr.MLNet.Views;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods;

/// <summary>
/// DINO (Caron et al., 2021): a student (backbone + <see cref="DinoHead"/>) learns to match, on every multi-crop view,
/// the centred and sharpened output of a teacher on the other global views; the teacher is an exponential moving
/// average of the student and sees only the global views. With region boxes every view comes from one SAM region.
/// Training checkpoints store the step counter of the teacher-temperature schedule through <see cref="ICheckpointState"/>.
/// </summary>
internal sealed class DinoMethod : SelfSupervisedMethod, ICheckpointState
{
    private readonly DinoHead head;
    private readonly Backbone teacherBackbone;
    private readonly DinoHead teacherHead;
    private readonly DinoLoss loss;
    private readonly MultiCropOptions _views;
    private readonly DinoTeacherTemperature _teacherTemperature;
    private readonly MomentumSchedule _teacherMomentum;
    private readonly int _epochs;
    private readonly int _freezeLastLayerEpochs;
    private int _nextStep;
    private int _totalSteps;

    /// <summary>Creates the method; the teacher starts as an exact copy of the student.</summary>
    /// <param name="backbone">The student encoder, pre-trained and kept by the featurizer.</param>
    /// <param name="teacherBackbone">A second instance of the same architecture; its weights are overwritten with the student's.</param>
    /// <param name="settings">Head sizes, temperatures, momenta, views and the number of training epochs (for the temperature warm-up).</param>
    internal DinoMethod(Backbone backbone, Backbone teacherBackbone, DinoSettings settings) : base(nameof(DinoMethod), backbone)
    {
        ArgumentNullException.ThrowIfNull(teacherBackbone);
        ArgumentNullException.ThrowIfNull(settings);
        if (ReferenceEquals(backbone, teacherBackbone))
            throw new ArgumentException("The teacher needs its own backbone instance of the student's architecture.", nameof(teacherBackbone));
        _views = settings.Views;
        _teacherTemperature = settings.TeacherTemperature;
        _teacherMomentum = settings.TeacherMomentum;
        _epochs = settings.Epochs;
        _freezeLastLayerEpochs = settings.FreezeLastLayerEpochs;
        head = CreateHead(backbone, settings);
        this.teacherBackbone = teacherBackbone;
        teacherHead = CreateHead(backbone, settings);
        loss = new DinoLoss(settings.HeadOutputDimension, settings.StudentTemperature, settings.CenterMomentum);
        RegisterComponents();
        // The teacher starts as a frozen copy of the student and only moves by the EMA in AfterOptimizerStep.
        Teacher = new MomentumTeacher((teacherBackbone, backbone), (teacherHead, head));
    }

    /// <summary>The loss's centre state (for inspection); it moves with the method's device.</summary>
    public DinoLoss Loss => loss;

    /// <summary>The 0-based epoch the next step belongs to, which sets the teacher temperature.</summary>
    public int CurrentEpoch => _totalSteps == 0 ? 0 : (int)((long)_nextStep * _epochs / _totalSteps);

    /// <summary>The global views, then the local views (<see cref="MultiCropOptions.Plan"/>).</summary>
    public override IReadOnlyList<ViewAugmentationOptions> ViewPlan => _views.Plan();

    /// <inheritdoc />
    public override Tensor TrainingLoss(IReadOnlyList<Tensor> views)
    {
        using var scope = NewDisposeScope();
        var globals = views.Take(_views.GlobalViewCount).ToArray();
        var locals = views.Skip(_views.GlobalViewCount).ToArray();
        Tensor[] teacherOutputs;
        using (no_grad())
            teacherOutputs = globals.Select(view => teacherHead.forward(teacherBackbone.forward(view))).ToArray();
        head.FreezePrototypes = CurrentEpoch < _freezeLastLayerEpochs;
        var studentOutputs = globals.Concat(locals).Select(view => head.forward(Backbone.forward(view))).ToArray();
        var value = loss.Compute(teacherOutputs, studentOutputs, _teacherTemperature.At(CurrentEpoch));
        loss.UpdateCenter(teacherOutputs);
        return value.MoveToOuterDisposeScope();
    }

    /// <summary>Moves the teacher towards the student (EMA) and advances the epoch counter of the temperature schedule.</summary>
    public override void AfterOptimizerStep(int step, int totalSteps)
    {
        Teacher!.Follow(_teacherMomentum.At(step, totalSteps));
        _nextStep = step + 1;
        _totalSteps = totalSteps;
    }

    /// <summary>Writes the step counter of the teacher-temperature schedule.</summary>
    public void WriteCheckpointState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_nextStep);
        writer.Write(_totalSteps);
    }

    /// <summary>Restores the step counter of the teacher-temperature schedule.</summary>
    public void ReadCheckpointState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int nextStep = reader.ReadInt32(), totalSteps = reader.ReadInt32();
        if (nextStep < 0 || totalSteps < 0 || nextStep > totalSteps)
            throw new InvalidDataException($"The stored DINO schedule position {nextStep} of {totalSteps} steps is impossible.");
        (_nextStep, _totalSteps) = (nextStep, totalSteps);
    }

    private static DinoHead CreateHead(Backbone backbone, DinoSettings settings) =>
        new(backbone.FeatureDimension, settings.HeadHiddenDimension, settings.HeadBottleneckDimension, settings.HeadOutputDimension, settings.HeadBatchNorm);
}
