using IlgpuNet.Nerf.Rendering;

namespace IlgpuNet.Tests.Projects.Nerf;

public class CameraTests
{
    [Fact]
    public void Ray_MatchesHandComputedPinholeCamera()
    {
        // 4x2 pixels, focal 2; camera turned 90° about z (camera x → world y, camera y → world -x), at (1, 2, 3)
        var camera = new PinholeCamera(4, 2, 2.0);
        double[] pose =
        [
            0, -1, 0, 1,
            1, 0, 0, 2,
            0, 0, 1, 3,
            0, 0, 0, 1,
        ];
        var origin = new float[3];
        var direction = new float[3];
        camera.Ray(pose, 0, 0, origin, direction);
        // pixel (0, 0) centre (0.5, 0.5): camera direction ((0.5 - 2) / 2, -(0.5 - 1) / 2, -1) = (-0.75, 0.25, -1)
        // world = R d = (-0.25, -0.75, -1)
        Assert.Equal([1f, 2f, 3f], origin);
        Assert.Equal([-0.25f, -0.75f, -1f], direction);
        camera.Ray(pose, 3, 1, origin, direction);
        // pixel (3, 1): ((3.5 - 2) / 2, -(1.5 - 1) / 2, -1) = (0.75, -0.25, -1) → (0.25, 0.75, -1)
        Assert.Equal([0.25f, 0.75f, -1f], direction);
    }

    [Fact]
    public void FromFieldOfView_GivesBlenderFocal()
    {
        var camera = PinholeCamera.FromFieldOfView(800, 800, 0.6911112070083618);
        Assert.Equal(1111.1110311937682, camera.Focal, 6);
    }

    [Fact]
    public void OnSphere_LooksAtTheOriginWithZUp()
    {
        var pose = CameraPoses.OnSphere(4, 90, 30);
        // position (0, 4 cos 30°, 4 sin 30°); the optical axis (-z column) points back at the origin
        Assert.Equal(0, pose[3], 12);
        Assert.Equal(4 * Math.Cos(Math.PI / 6), pose[7], 12);
        Assert.Equal(2, pose[11], 12);
        var camera = new PinholeCamera(2, 2, 1);
        var origin = new float[3];
        var direction = new float[3];
        camera.RayThrough(pose, 1, 1, origin, direction);
        for (int d = 0; d < 3; d++)
        {
            Assert.Equal(-origin[d] / 4, direction[d], 5);
        }

        Assert.True(pose[2 * 4 + 1] > 0, "camera up has a positive world z component");
    }
}
